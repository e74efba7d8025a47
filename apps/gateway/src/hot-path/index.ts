export { HotPathModule } from './hot-path.module';
export { GatewayRuntime } from './gateway-runtime';
export { MAX_BODY_BYTES, registerGatewayRoutes } from './gateway-routes';
export { ConnectionCeiling } from './connection-ceiling';
