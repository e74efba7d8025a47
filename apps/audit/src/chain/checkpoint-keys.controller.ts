import { Controller, Header } from '@nestjs/common';
import type { JwksView } from '@latchkey/contracts';
import { AuditEndpoint } from '../http';
import { checkpointKeys } from '@latchkey/api-routes';
import { ChainSigner } from './chain-signer';

/**
 * The published half of tamper evidence: the public keys that verify checkpoints and retention
 * cuts (the current one first, then retired ones, which older checkpoints still need), as a JWKS, without credentials (the gateway serves it at the same path). An auditor keeps
 * it, and checkpoints, outside Latchkey.
 */
@Controller()
export class CheckpointKeysController {
  constructor(private readonly signer: ChainSigner) {}

  @AuditEndpoint(checkpointKeys)
  @Header('cache-control', 'public, max-age=300')
  async keys(): Promise<JwksView> {
    // Only the members the view declares leave: a private member could never be published.
    return { keys: [...(await this.signer.publicJwks())] };
  }
}
