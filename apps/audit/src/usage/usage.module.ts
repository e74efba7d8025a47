import { Module } from '@nestjs/common';
import { TrailModule } from '../trail';
import { UsageController } from './usage.controller';
import { UsageRepository } from './usage.repository';

/** Usage: each key's hourly and daily request counts, read from the rollups ingestion keeps. */
@Module({ imports: [TrailModule], controllers: [UsageController], providers: [UsageRepository] })
export class UsageModule {}
