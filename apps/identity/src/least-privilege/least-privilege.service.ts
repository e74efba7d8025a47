import { Injectable } from '@nestjs/common';
import { ErrorCode, type KeyRecommendationView } from '@latchkey/contracts';
import { API_ROUTES } from '@latchkey/api-routes';
import { ProblemException } from '@latchkey/runtime';
import { ApiKeyRepository, EXERCISE_WINDOW_MS, KeyExerciseRepository, KeySourceRepository } from '../keys';
import { recommend } from './recommendation';

/** The scope each gateway route requires, by its label (`GET /v1/projects/:id`), as usage records it. */
const SCOPE_OF_ROUTE = new Map<string, string>(API_ROUTES.map((r) => [`${r.method} ${r.path}`, r.scope]));

/** Least privilege (ADR 0026): a key's grants against what it exercised over the last 30 days. */
@Injectable()
export class LeastPrivilegeService {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly exercise: KeyExerciseRepository,
    private readonly sources: KeySourceRepository,
  ) {}

  async recommendation(orgId: string, id: string, now = new Date()): Promise<KeyRecommendationView> {
    const key = await this.keys.find(id, orgId);
    if (!key) throw new ProblemException(ErrorCode.NotFound, `no key ${id}`);
    const since = new Date(now.getTime() - EXERCISE_WINDOW_MS);
    const [exercised, ips] = await Promise.all([
      this.exercise.exercised(id, since),
      this.sources.seenSince(id, since),
    ]);
    const routes = exercised.routes.map((label) => ({ label, scope: SCOPE_OF_ROUTE.get(label) }));
    const result = recommend(
      {
        scopes: key.scopes,
        allowed_paths: key.allowedPaths,
        allowed_ips: key.allowedIps,
        rate_limit: key.rateLimit,
      },
      { routes, ips, peakPerMinute: exercised.peakPerMinute, requests: exercised.requests },
    );
    return {
      key_id: key.id,
      window_days: EXERCISE_WINDOW_MS / 86_400_000,
      observed_since: since.toISOString(),
      requests: exercised.requests,
      exercised: {
        routes: exercised.routes,
        scopes: [...new Set(routes.flatMap((r) => (r.scope ? [r.scope] : [])))].sort(),
        ips: [...ips].sort(),
      },
      ...result,
    };
  }
}
