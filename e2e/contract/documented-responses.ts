import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Every answer the e2e suite receives through the gateway, checked against the product's OpenAPI
 * document (docs/openapi.json, generated from the route declarations and drift-checked): its
 * status is one the operation documents, its media type one that status documents, and a JSON body
 * matches the documented schema. What integrations and the SDK rely on is what the tests saw.
 */

type Schema = Record<string, unknown>;
interface MediaType {
  schema?: Schema;
}
interface DocumentedResponse {
  content?: Record<string, MediaType>;
}
interface Operation {
  operationId?: string;
  responses: Record<string, DocumentedResponse>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

const DOCUMENT_FILE = join(__dirname, '..', '..', 'docs', 'openapi.json');
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);
/** Media types whose bodies are one JSON document. */
const JSON_TYPES = new Set(['application/json', 'application/problem+json']);

interface Template {
  path: string;
  pattern: RegExp;
  /** Literal segments: a path with more of them is the better match (`/export` over `/{id}`). */
  literals: number;
}

export interface ResponseCheck {
  /** `GET /admin/keys/{id}`, or undefined when no documented operation has this path. */
  operation: string | undefined;
  problems: string[];
}

export class DocumentedResponses {
  private readonly document: OpenApiDocument;
  private readonly templates: Template[];
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(
    document: OpenApiDocument = JSON.parse(readFileSync(DOCUMENT_FILE, 'utf8')) as OpenApiDocument,
  ) {
    this.document = document;
    this.templates = Object.keys(document.paths)
      .map((path) => ({
        path,
        pattern: new RegExp(
          `^${path
            .split('/')
            .map((segment) =>
              /^\{.+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
            )
            .join('/')}$`,
        ),
        literals: path.split('/').filter((segment) => segment && !segment.startsWith('{')).length,
      }))
      .sort((a, b) => b.literals - a.literals);
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.ajv);
    // The whole document under one id: operations' schemas refer to #/components/schemas/… in it.
    this.ajv.addSchema(document as unknown as Schema, 'openapi');
  }

  /** The documented operation a request names, if any. */
  operationOf(
    method: string,
    pathname: string,
  ): { key: string; path: string; operation: Operation } | undefined {
    const lower = method.toLowerCase();
    if (!METHODS.has(lower)) return undefined;
    for (const template of this.templates) {
      if (!template.pattern.test(pathname)) continue;
      const operation = this.document.paths[template.path]?.[lower];
      if (operation)
        return { key: `${method.toUpperCase()} ${template.path}`, path: template.path, operation };
    }
    return undefined;
  }

  /** Checks one answer; `body` is its text, or undefined when it was not read (a stream). */
  check(
    method: string,
    pathname: string,
    status: number,
    contentType: string | null,
    body: string | undefined,
  ): ResponseCheck {
    const found = this.operationOf(method, pathname);
    if (!found) return { operation: undefined, problems: [] };
    const { key, path, operation } = found;
    const documented = operation.responses[String(status)];
    if (!documented) {
      return {
        operation: key,
        problems: [
          `${key} answered ${status}, which it does not document (documented: ${Object.keys(operation.responses).join(', ')})`,
        ],
      };
    }
    const content = documented.content;
    if (!content || Object.keys(content).length === 0) {
      return {
        operation: key,
        problems:
          body !== undefined && body.length > 0 ? [`${key} ${status} documents no body but sent one`] : [],
      };
    }
    const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    const media = content[mediaType];
    if (!media) {
      return {
        operation: key,
        problems: [
          `${key} ${status} answered ${mediaType || 'no content type'}, documented: ${Object.keys(content).join(', ')}`,
        ],
      };
    }
    if (!JSON_TYPES.has(mediaType) || body === undefined || !media.schema)
      return { operation: key, problems: [] };
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return { operation: key, problems: [`${key} ${status} sent ${mediaType} that is not JSON`] };
    }
    const validate = this.validatorFor(path, method.toLowerCase(), String(status), mediaType);
    if (validate(value)) return { operation: key, problems: [] };
    const errors = (validate.errors ?? [])
      .slice(0, 5)
      .map(
        (error) => `${error.instancePath || '(body)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
      );
    return {
      operation: key,
      problems: [`${key} ${status} body does not match its schema: ${errors.join('; ')}`],
    };
  }

  private validatorFor(path: string, method: string, status: string, mediaType: string): ValidateFunction {
    const pointer = ['paths', path, method, 'responses', status, 'content', mediaType, 'schema']
      .map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1'))
      .join('/');
    const ref = `openapi#/${pointer}`;
    let validate = this.validators.get(ref);
    if (!validate) {
      const found = this.ajv.getSchema(ref);
      if (!found) throw new Error(`no schema at ${ref}`);
      validate = found;
      this.validators.set(ref, validate);
    }
    return validate;
  }
}
