export * from './config';
export * from './facts';
export * from './finding';
export * from './location';
export * from './model-card';
export * from './prompt';
export * from './secret-provider';
export * from './workload';
