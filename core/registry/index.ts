export * from './docker-credentials';
export * from './image-config-facts';
export * from './image-lookup';
export * from './images-to-resolve';
export * from './registry-cache';
export * from './registry-error';
export * from './resolve-images';
