// Reports as files: CSV (RFC 4180 via csv-stringify, UTF-8 with a BOM so Excel reads Chinese names, nested
// objects flattened with dots, `startLocal` in the centre's zone) and XLSX (exceljs) with the same columns.
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { localIso } from './periods.ts';

type Flat = Record<string, string | number | boolean | null>;

/** { outbound: { dialed: 3 } } → { 'outbound.dialed': 3 } */
function flatten(row: object, prefix = '', out: Flat = {}): Flat {
  for (const [k, v] of Object.entries(row)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object') flatten(v as object, key, out);
    else out[key] = v as string | number | boolean | null;
  }
  return out;
}

/** The flattened rows and their columns: every key seen, in first-seen order, then startLocal when rows have a start. */
export function table(
  rows: object[],
  timezone: string,
  times: string[] = ['start'],
): { columns: string[]; rows: Flat[] } {
  const flat = rows.map((r) => {
    const f = flatten(r);
    for (const t of times) if (typeof f[t] === 'number') f[`${t}Local`] = localIso(f[t] as number, timezone);
    return f;
  });
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const f of flat) for (const k of Object.keys(f)) if (!seen.has(k)) seen.add(k) && columns.push(k);
  const local = columns.filter((c) => c.endsWith('Local'));
  return { columns: [...columns.filter((c) => !c.endsWith('Local')), ...local], rows: flat };
}

export function toCsv(rows: object[], timezone: string, times?: string[]): string {
  const t = table(rows, timezone, times);
  const records = t.rows.map((r) => t.columns.map((c) => (r[c] === null || r[c] === undefined ? '' : r[c])));
  return `\uFEFF${stringify([t.columns, ...records], { record_delimiter: '\r\n', cast: { boolean: (b) => String(b) } })}`;
}

export async function toXlsx(rows: object[], timezone: string, sheet: string, times?: string[]): Promise<Buffer> {
  const t = table(rows, timezone, times);
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet(sheet);
  ws.addRow(t.columns);
  for (const r of t.rows) ws.addRow(t.columns.map((c) => r[c] ?? null));
  ws.getRow(1).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}
