export { GatewayConfigModule } from './config.module';
export { GATEWAY_CONFIG, gatewayConfigSchema, type GatewayConfig } from './gateway-config';
