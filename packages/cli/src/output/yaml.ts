import { stringify } from 'yaml';

/**
 * YAML for JSON data (what the API returns), through the `yaml` library: block style, and
 * strings quoted wherever a YAML 1.1 reader would take them for something else (`yes`, `9.1`).
 */
export function toYaml(value: unknown): string {
  return stringify(value ?? null, { version: '1.1', indentSeq: true, lineWidth: 0 });
}
