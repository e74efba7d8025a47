export { RevocationModule } from './revocation.module';
