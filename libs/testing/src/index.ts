export * from './bus';
export * from './database';
export * from './ports';
export * from './stack';
export * from './nats-server';
export * from './isolated-stack';
export * from './nats-cluster';
export * from './balancer';
