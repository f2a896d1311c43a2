export * from './drift-level';
export * from './parse-version';
export * from './version';
export * from './versions-match';
