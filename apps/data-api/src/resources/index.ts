import { InvoiceSchema } from './invoice.entity';
import { LeadSchema } from './lead.entity';
import { ProjectSchema } from './project.entity';
import { TransactionSchema } from './transaction.entity';

export { ResourcesModule } from './resources.module';
export { InvoiceSchema, LeadSchema, ProjectSchema, TransactionSchema };

/** The entities of the resources' tables (the database's entity list includes them). */
export const RESOURCE_ENTITIES = [ProjectSchema, LeadSchema, InvoiceSchema, TransactionSchema];
