import { Module } from '@nestjs/common';
import { TrailModule } from '../trail';
import { ExportController } from './export.controller';

/** Export: the filtered trail streamed as NDJSON or CSV. */
@Module({ imports: [TrailModule], controllers: [ExportController] })
export class ExportModule {}
