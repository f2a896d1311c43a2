export * from './builtin-conventions';
export * from './image-ref';
export * from './tag-conventions';
export * from './tag-reading';
export * from './tag-tokens';
