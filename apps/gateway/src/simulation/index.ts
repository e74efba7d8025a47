export { simulateKeyRequest, type SimulatedRequest } from './simulate';
