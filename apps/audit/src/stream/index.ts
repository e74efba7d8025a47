export { StreamModule } from './stream.module';
