import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PUBLIC_TOPICS } from './ledger-topics';

/** Where the topics' JSON Schemas are published for consumers. */
export const SCHEMAS_DIR = resolve(__dirname, '../../../../docs/schemas');

/** The file and text each topic's schema is published as. */
export function publishedSchemas(): { file: string; text: string }[] {
  return PUBLIC_TOPICS.map((topic) => ({
    file: join(SCHEMAS_DIR, `${topic.name}.schema.json`),
    text: `${JSON.stringify(topic.schema, null, 2)}\n`,
  }));
}

/** `npm run schemas`: writes docs/schemas/<topic>.schema.json from the topic contracts. */
if (require.main === module) {
  mkdirSync(SCHEMAS_DIR, { recursive: true });
  for (const { file, text } of publishedSchemas()) {
    writeFileSync(file, text);
    console.log(`wrote ${file}`);
  }
}
