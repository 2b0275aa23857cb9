/**
 * Sinch's OpenAPI specs (`shared/sinch-openapi/`) as Ajv validators, with the known quirks of the published
 * specs handled as the README there describes (list-valued `examples` properties, custom formats, the
 * ambiguous `oneOf` of Conversation credentials). Requests and responses are looked up by method and path.
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** The three specs. */
export type SpecName = 'subprojects' | 'provisioning' | 'conversation';

const FILES: Record<SpecName, string> = {
  subprojects: 'subprojects.yaml',
  provisioning: 'provisioning-whatsapp.yaml',
  conversation: 'conversation-apps.yaml',
};

/** Formats Sinch uses that JSON Schema does not define; only `url` is checked. */
const CUSTOM_FORMATS = [
  'phone number',
  'country code',
  'numeric phone number',
  'digits',
  'otp',
  'timestamp',
  'SHA256-hash',
  'password',
];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Quirk 1: a property named `examples` written as a list of schemas instead of a schema. */
function fixListExamples(node: unknown): number {
  let fixed = 0;
  if (Array.isArray(node)) {
    for (const item of node) fixed += fixListExamples(item);
    return fixed;
  }
  if (!isObject(node)) return 0;
  const properties = node.properties;
  if (isObject(properties) && Array.isArray(properties.examples)) {
    properties.examples = { type: 'array', items: properties.examples[0] ?? {} };
    fixed += 1;
  }
  for (const value of Object.values(node)) fixed += fixListExamples(value);
  return fixed;
}

/** A loaded spec with its validators. */
export class Spec {
  readonly doc: Json;
  readonly #ajv: Ajv;
  readonly #cache = new Map<string, ValidateFunction>();
  /** How many quirk-1 fixes were applied (a changed spec should make this visible). */
  readonly listExamplesFixed: number;

  constructor(readonly name: SpecName) {
    const path = fileURLToPath(new URL(`../../shared/sinch-openapi/${FILES[name]}`, import.meta.url));
    this.doc = parse(readFileSync(path, 'utf8')) as Json;
    this.listExamplesFixed = fixListExamples(this.doc);
    if (name === 'conversation') {
      // Quirk 5: the credential variants have no required keys, so `oneOf` matches several; use anyOf.
      const schemas = (this.doc.components as Json).schemas as Json;
      const types = schemas.ChannelCredentialsTypes as Json;
      types.anyOf = types.oneOf;
      delete types.oneOf;
    }
    if (name === 'provisioning') {
      // Same kind of ambiguity: a full template list also matches the partial (fieldMask) list schema.
      const paths = this.doc.paths as Json;
      const list = ((paths['/v1/projects/{projectId}/whatsapp/templates'] as Json).get as Json)
        .responses as Json;
      const schema = (((list['200'] as Json).content as Json)['application/json'] as Json).schema as Json;
      schema.anyOf = schema.oneOf;
      delete schema.oneOf;
    }
    const options = { strict: false, allErrors: true, validateFormats: true } as const;
    this.#ajv = String(this.doc.openapi).startsWith('3.1') ? new Ajv2020(options) : new Ajv(options);
    addFormats(this.#ajv);
    for (const format of CUSTOM_FORMATS) this.#ajv.addFormat(format, true);
    this.#ajv.addFormat('url', (value: string) => URL.canParse(value));
    this.#ajv.addSchema(this.doc, name);
  }

  /** Follows `$ref`s between OpenAPI objects (responses, request bodies, parameters). */
  resolve<T = Json>(node: unknown): T {
    let current = node;
    while (isObject(current) && typeof current.$ref === 'string') {
      current = this.#pointer(current.$ref);
    }
    return current as T;
  }

  #pointer(ref: string): unknown {
    const parts = ref
      .replace(/^#\//, '')
      .split('/')
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
    let node: unknown = this.doc;
    for (const part of parts) node = isObject(node) ? node[part] : undefined;
    return node;
  }

  /** The operation object for `method` on a path template. */
  operation(method: string, template: string): Json {
    const paths = this.doc.paths as Json;
    const item = paths[template];
    if (!isObject(item)) throw new Error(`${this.name}: no path ${template}`);
    const operation = item[method.toLowerCase()];
    if (!isObject(operation)) throw new Error(`${this.name}: no ${method} ${template}`);
    return operation;
  }

  /** A validator for the schema at a JSON pointer into the spec. */
  validator(pointer: string): ValidateFunction {
    let validate = this.#cache.get(pointer);
    if (!validate) {
      const found = this.#ajv.getSchema(`${this.name}#${pointer}`);
      if (!found) throw new Error(`${this.name}: no schema at ${pointer}`);
      validate = found;
      this.#cache.set(pointer, validate);
    }
    return validate;
  }

  /** Pointer to the JSON request-body schema of an operation, or undefined when it takes none. */
  requestSchemaPointer(method: string, template: string): string | undefined {
    const operation = this.operation(method, template);
    if (operation.requestBody === undefined) return undefined;
    let base = `/paths/${pointerSegment(template)}/${method.toLowerCase()}/requestBody`;
    const ref = (operation.requestBody as Json).$ref;
    if (typeof ref === 'string') base = ref.replace(/^#/, '');
    return `${base}/content/application~1json/schema`;
  }

  /**
   * Pointer to the JSON schema of the `status` answer of an operation; `null` when the spec declares the
   * status without a body; undefined when it does not declare the status at all.
   */
  responseSchemaPointer(method: string, template: string, status: number): string | null | undefined {
    const operation = this.operation(method, template);
    const responses = operation.responses as Json;
    const declared = responses[String(status)];
    if (declared === undefined) return undefined;
    let base = `/paths/${pointerSegment(template)}/${method.toLowerCase()}/responses/${status}`;
    const ref = (declared as Json).$ref;
    if (typeof ref === 'string') base = ref.replace(/^#/, '');
    const response = this.resolve(declared);
    const content = response.content as Json | undefined;
    if (!content || !isObject(content['application/json'])) return null;
    return `${base}/content/application~1json/schema`;
  }

  /** The query parameters an operation declares, by name, with their schema pointer. */
  queryParameters(method: string, template: string): Map<string, Json> {
    const item = (this.doc.paths as Json)[template] as Json;
    const declared = [
      ...((item.parameters as unknown[]) ?? []),
      ...((this.operation(method, template).parameters as unknown[]) ?? []),
    ].map((parameter) => this.resolve(parameter));
    return new Map(
      declared
        .filter((parameter) => parameter.in === 'query')
        .map((parameter) => [String(parameter.name), parameter]),
    );
  }
}

function pointerSegment(template: string): string {
  return template.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Formats Ajv errors into one line each. */
export function describeErrors(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '(root)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
  );
}
