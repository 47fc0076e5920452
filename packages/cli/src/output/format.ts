import { CliUsageError } from '../errors.js';
import { cellText, renderTable } from './table.js';
import { toYaml } from './yaml.js';

export const OUTPUT_FORMATS = ['json', 'json-pretty', 'text', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function outputFormat(value: string | undefined): OutputFormat {
  const format = value ?? 'text';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new CliUsageError(
      `--output-format '${format}' is unknown`,
      `choose one of ${OUTPUT_FORMATS.join(', ')}`,
    );
  }
  return format as OutputFormat;
}

/** The text printed for an API result; empty for a `null` answer in text form. */
export function formatResult(data: unknown, format: OutputFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(data ?? null)}\n`;
    case 'json-pretty':
      return `${JSON.stringify(data ?? null, null, 2)}\n`;
    case 'yaml':
      return toYaml(data ?? null);
    case 'text':
      return asText(data);
  }
}

function asText(data: unknown): string {
  if (data === null || data === undefined) return '';
  if (Array.isArray(data)) {
    if (data.length === 0) return '';
    const allObjects = data.every((item) => typeof item === 'object' && item !== null);
    if (allObjects && !data.some(Array.isArray)) return renderTable(data);
    return data.map((item) => `${cellText(item)}\n`).join('');
  }
  if (typeof data === 'object') {
    const entries = Object.entries(data as Record<string, unknown>);
    const width = Math.max(0, ...entries.map(([key]) => key.length));
    return entries.map(([key, value]) => `${key.padEnd(width)}  ${cellText(value)}\n`).join('');
  }
  return `${String(data)}\n`;
}
