import Ajv, { type ValidateFunction } from 'ajv';
import { PUBLIC_TOPICS, type TopicContract } from '../topics/ledger-topics';

export interface MessageCheck {
  valid: boolean;
  /** Each failure as `<path> <message>`, e.g. `/balance must match pattern …`. */
  errors: string[];
}

/**
 * Checks message values against their topic's JSON Schema, as a consumer would: the relay's
 * tests validate every message they read, and docs/kafka.md's example consumer does the same.
 */
export class MessageValidator {
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly keyPatterns = new Map<string, RegExp>();

  constructor(topics: readonly TopicContract[] = PUBLIC_TOPICS) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    ajv.addFormat(
      'date-time',
      (value: string) => !Number.isNaN(Date.parse(value)) && /T/.test(value),
    );
    for (const topic of topics) {
      this.validators.set(topic.name, ajv.compile(topic.schema));
      this.keyPatterns.set(topic.name, new RegExp(topic.keyPattern));
    }
  }

  check(topic: string, key: string | null, value: unknown): MessageCheck {
    const validate = this.validators.get(topic);
    if (!validate) return { valid: false, errors: [`no schema for topic ${topic}`] };
    const errors: string[] = [];
    if (key === null || !this.keyPatterns.get(topic)!.test(key)) {
      errors.push(
        `key ${JSON.stringify(key)} does not match ${this.keyPatterns.get(topic)!.source}`,
      );
    }
    if (!validate(value)) {
      for (const error of validate.errors ?? []) {
        errors.push(`${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
      }
    }
    return { valid: errors.length === 0, errors };
  }
}
