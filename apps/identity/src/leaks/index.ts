/** Leak reports: the public intake of secrets found in public, and what a report does to a key. */
export { LeakIntakeService, LEAKED_REASON } from './leak-intake.service';
export { LeaksModule } from './leaks.module';
