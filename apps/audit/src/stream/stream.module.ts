import { Module } from '@nestjs/common';
import { TrailModule } from '../trail';
import { LiveTails } from './live-tails';
import { StreamController } from './stream.controller';

/** Live tail: matching events as they are stored (SSE), ended when the credential changes. */
@Module({ imports: [TrailModule], controllers: [StreamController], providers: [LiveTails] })
export class StreamModule {}
