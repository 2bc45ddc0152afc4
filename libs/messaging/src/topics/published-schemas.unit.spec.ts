/**
 * The JSON Schemas published in docs/schemas are the ones the relay's messages are checked
 * against: this fails when a topic contract changes and the published file does not.
 */
import { existsSync, readFileSync } from 'node:fs';
import { publishedSchemas } from './publish-schemas';

describe('published topic schemas', () => {
  it.each(publishedSchemas().map((schema) => [schema.file, schema.text]))(
    '%s matches its topic contract (npm run schemas rewrites it)',
    (file, text) => {
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).toBe(text);
    },
  );
});
