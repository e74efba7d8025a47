import { Module } from '@nestjs/common';
import { UsageController } from './usage.controller';
import { UsageRepository } from './usage.repository';

/** Usage: each key's hourly and daily request counts, read from the rollups ingestion keeps. */
@Module({ controllers: [UsageController], providers: [UsageRepository] })
export class UsageModule {}
