/**
 * The migration Job's invariants, on every overlay as `kubectl kustomize` renders it: a Job per
 * release (its name carries package.json's version, the images' release), so an upgrade or a
 * rollback applies a new Job instead of changing an immutable pod template; finished runs are
 * cleaned up; it runs the release's own image. Each check returns its problems, and a broken copy
 * of the rendering shows that each can fail.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderOverlay } from './manifests';

const ROOT = join(__dirname, '../..');
const OVERLAYS = ['dev', 'prod'] as const;
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface Container {
  name: string;
  image: string;
  command?: string[];
}
interface Resource {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: {
    backoffLimit?: number;
    ttlSecondsAfterFinished?: number;
    template?: { spec: { restartPolicy?: string; containers: Container[] } };
  };
}

const render = (overlay: string): Resource[] => renderOverlay<Resource>(overlay);

/** What makes the Job safe to apply on every upgrade and rollback. */
function jobProblems(rs: Resource[], version: string): string[] {
  const jobs = rs.filter((r) => r.kind === 'Job');
  if (jobs.length !== 1) return [`${jobs.length} Jobs rendered, want the one migration Job`];
  const job = jobs[0]!;
  const problems: string[] = [];
  const want = `latchkey-migrate-${version}`;
  if (job.metadata.name !== want)
    problems.push(
      `Job ${job.metadata.name}: its name must carry the release (${want}), or the next release's apply changes an immutable template`,
    );
  if (job.metadata.labels?.['app.kubernetes.io/version'] !== version)
    problems.push(`Job ${job.metadata.name}: label app.kubernetes.io/version is not ${version}`);
  if (!(Number(job.spec?.ttlSecondsAfterFinished) > 0))
    problems.push(`Job ${job.metadata.name}: no ttlSecondsAfterFinished (finished runs pile up)`);
  if (job.spec?.template?.spec.restartPolicy !== 'Never')
    problems.push(`Job ${job.metadata.name}: restartPolicy is not Never`);
  // The release's migrations are in the release's images: the Job runs the identity image the
  // Deployment runs (any of the four would do; identity's is the one the Dockerfile names).
  const identity = rs.find((r) => r.kind === 'Deployment' && r.metadata.name === 'identity');
  const image = job.spec?.template?.spec.containers[0]?.image;
  const identityImage = identity?.spec?.template?.spec.containers.find((c) => c.name === 'identity')?.image;
  if (!image || image !== identityImage)
    problems.push(
      `Job ${job.metadata.name}: image ${image} is not the release's identity image ${identityImage}`,
    );
  return problems;
}

describe('the migration Job', () => {
  const rendered = Object.fromEntries(OVERLAYS.map((o) => [o, render(o)])) as Record<string, Resource[]>;

  it.each(OVERLAYS)('%s: one Job per release, cleaned up, on the release image', (overlay) => {
    expect(jobProblems(rendered[overlay]!, VERSION)).toEqual([]);
  });

  it('the Job name follows a version bump (a release that does not rename it fails here)', () => {
    const next = VERSION.replace(/\d+$/, (patch) => String(Number(patch) + 1));
    expect(jobProblems(rendered['prod']!, next).join('\n')).toMatch(
      new RegExp(`its name must carry the release \\(latchkey-migrate-${next.replace(/\./g, '\\.')}\\)`),
    );
  });

  it('each check can fail', () => {
    const broken = (mutate: (job: Resource, rs: Resource[]) => void): string => {
      const rs = structuredClone(rendered['prod']!);
      mutate(
        rs.find((r) => r.kind === 'Job')!,
        rs,
      );
      return jobProblems(rs, VERSION).join('\n');
    };
    expect(broken((job) => (job.metadata.name = 'latchkey-migrate'))).toMatch(/must carry the release/);
    expect(broken((job) => delete job.spec!.ttlSecondsAfterFinished)).toMatch(/no ttlSecondsAfterFinished/);
    expect(
      broken((job) => (job.spec!.template!.spec.containers[0]!.image = 'latchkey/identity:0.0.9')),
    ).toMatch(/is not the release's identity image/);
    expect(broken((job, rs) => rs.push(structuredClone(job)))).toMatch(/2 Jobs rendered/);
  });
});
