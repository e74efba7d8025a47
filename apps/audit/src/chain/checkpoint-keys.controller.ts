import { Controller, Get, Header } from '@nestjs/common';
import { AUDIT_CHECKPOINT_KEYS_PATH } from '@latchkey/contracts';
import { Public } from '@latchkey/runtime';
import { ChainSigner } from './chain-signer';

/**
 * The published half of tamper evidence: the public keys that verify checkpoints and retention
 * cuts (the current one first, then retired ones, which older checkpoints still need), as a JWKS, without credentials (the gateway serves it at the same path). An auditor keeps
 * it, and checkpoints, outside Latchkey.
 */
@Controller()
export class CheckpointKeysController {
  constructor(private readonly signer: ChainSigner) {}

  @Get(AUDIT_CHECKPOINT_KEYS_PATH.slice(1))
  @Public()
  @Header('cache-control', 'public, max-age=300')
  async keys() {
    return { keys: await this.signer.publicJwks() };
  }
}
