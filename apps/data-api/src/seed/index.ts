// seed.ts is the `latchkey seed` program (it runs when loaded): only the demo data is shared.
export { seedOrganisation } from './demo-data';
