export { ProxyModule } from './proxy.module';
export { UpstreamProxy, type ForwardOptions } from './upstream-proxy';
