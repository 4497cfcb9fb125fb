import fs from "node:fs";
import path from "node:path";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import type { Sql } from "../../src/db/sql";
import { PROJECT_ROOT } from "../../src/lib/paths";

/**
 * Compares prisma/schema.prisma (through Prisma's own schema parser, compiled to
 * WebAssembly) with what the migrations built in a database: tables, columns, types,
 * nullability, defaults, primary keys, unique and plain indexes, foreign keys and
 * enums. Returns one line per difference; [] means they agree. It stands in for
 * `prisma migrate diff`, whose native engine is not available everywhere.
 */

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  isList: boolean;
  isRequired: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  type: string;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  algorithm?: string;
  fields: { name: string }[];
}
interface Dmmf {
  datamodel: {
    models: DmmfModel[];
    enums: { name: string; dbName: string | null; values: { name: string; dbName: string | null }[] }[];
    indexes: DmmfIndex[];
  };
}

export function readDmmf(schemaPath = path.join(PROJECT_ROOT, "prisma/schema.prisma")): Dmmf {
  const schema = fs.readFileSync(schemaPath, "utf8");
  return JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", schema]], noColor: true }))) as Dmmf;
}

const SCALAR_UDT: Record<string, string> = {
  String: "text",
  Int: "int4",
  BigInt: "int8",
  Boolean: "bool",
  DateTime: "timestamp",
  Float: "float8",
  Decimal: "numeric",
  Json: "jsonb",
  Bytes: "bytea",
};
const NATIVE_UDT: Record<string, string> = {
  Text: "text",
  VarChar: "varchar",
  Char: "bpchar",
  Uuid: "uuid",
  Timestamptz: "timestamptz",
  Timestamp: "timestamp",
  Date: "date",
  Integer: "int4",
  SmallInt: "int2",
  BigInt: "int8",
  DoublePrecision: "float8",
  Real: "float4",
  Decimal: "numeric",
  JsonB: "jsonb",
  Json: "json",
  Inet: "inet",
  Citext: "citext",
};

export async function schemaDrift(sql: Sql, dmmf = readDmmf()): Promise<string[]> {
  const problems: string[] = [];
  const enumDbName = new Map(dmmf.datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const models = new Map(dmmf.datamodel.models.map((m) => [m.name, m]));
  const table = (m: DmmfModel) => m.dbName ?? m.name;
  const column = (m: DmmfModel, fieldName: string) => {
    const f = m.fields.find((x) => x.name === fieldName)!;
    return f.dbName ?? f.name;
  };

  const columns = await sql.query<{
    table_name: string;
    column_name: string;
    udt_name: string;
    is_nullable: "YES" | "NO";
    column_default: string | null;
    character_maximum_length: number | null;
    datetime_precision: number | null;
  }>(
    `SELECT table_name, column_name, udt_name, is_nullable, column_default, character_maximum_length, datetime_precision
       FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  const byTable = new Map<string, Map<string, (typeof columns)[number]>>();
  for (const c of columns) {
    if (c.table_name === "_prisma_migrations") continue;
    if (!byTable.has(c.table_name)) byTable.set(c.table_name, new Map());
    byTable.get(c.table_name)!.set(c.column_name, c);
  }

  for (const m of models.values()) {
    const cols = byTable.get(table(m));
    if (!cols) {
      problems.push(`table ${table(m)} (model ${m.name}) is missing`);
      continue;
    }
    const expected = new Set<string>();
    for (const f of m.fields) {
      if (f.kind === "object") continue;
      const name = f.dbName ?? f.name;
      expected.add(name);
      const c = cols.get(name);
      if (!c) {
        problems.push(`column ${table(m)}.${name} is missing`);
        continue;
      }
      const base =
        f.kind === "enum"
          ? enumDbName.get(f.type)!
          : f.nativeType
            ? (NATIVE_UDT[f.nativeType[0]] ?? f.nativeType[0].toLowerCase())
            : SCALAR_UDT[f.type];
      const udt = f.isList ? `_${String(base)}` : base;
      if (c.udt_name !== udt) problems.push(`column ${table(m)}.${name} is ${c.udt_name}, schema says ${String(udt)}`);
      // Prisma creates list columns nullable even when the field is required.
      const nullable = f.isList || !f.isRequired;
      if ((c.is_nullable === "YES") !== nullable) {
        problems.push(`column ${table(m)}.${name} nullable=${c.is_nullable}, schema says ${nullable ? "YES" : "NO"}`);
      }
      if (f.nativeType?.[0] === "VarChar" && f.nativeType[1][0] && c.character_maximum_length !== Number(f.nativeType[1][0])) {
        problems.push(`column ${table(m)}.${name} has length ${String(c.character_maximum_length)}, schema says ${f.nativeType[1][0]}`);
      }
      if (f.type === "DateTime" && !f.isList) {
        const precision = f.nativeType?.[1]?.[0] !== undefined ? Number(f.nativeType[1][0]) : 3;
        if (c.datetime_precision !== precision) {
          problems.push(`column ${table(m)}.${name} has precision ${String(c.datetime_precision)}, schema says ${precision}`);
        }
      }
      const dbDefault = hasDatabaseDefault(f);
      if (dbDefault !== (c.column_default !== null)) {
        problems.push(`column ${table(m)}.${name} default=${c.column_default ?? "none"}, schema ${dbDefault ? "has one" : "has none"}`);
      }
    }
    for (const name of cols.keys()) {
      if (!expected.has(name)) problems.push(`column ${table(m)}.${name} is not in the schema`);
    }
  }
  const modelTables = new Set([...models.values()].map(table));
  for (const t of byTable.keys()) if (!modelTables.has(t)) problems.push(`table ${t} is not in the schema`);

  // Indexes: compare (table, columns, unique/primary, method) sets.
  const indexRows = await sql.query<{ table_name: string; is_unique: boolean; is_primary: boolean; method: string; columns: string }>(
    `SELECT t.relname AS table_name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary, am.amname AS method,
            string_agg(a.attname, ',' ORDER BY k.ord) AS columns
       FROM pg_index ix
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_am am ON am.oid = i.relam
       JOIN pg_namespace n ON n.oid = t.relnamespace
       CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'
      GROUP BY t.relname, i.relname, ix.indisunique, ix.indisprimary, am.amname`,
  );
  const key = (t: string, kind: string, method: string, cols: string) => `${t}(${cols}) ${kind} ${method}`;
  const actual = new Set(
    indexRows.map((r) => key(r.table_name, r.is_primary ? "primary" : r.is_unique ? "unique" : "index", r.method, r.columns)),
  );
  const wanted = new Set<string>();
  for (const ix of dmmf.datamodel.indexes) {
    const m = models.get(ix.model)!;
    const kind = ix.type === "id" ? "primary" : ix.type === "unique" ? "unique" : "index";
    const method = (ix.algorithm ?? "BTree").toLowerCase();
    wanted.add(key(table(m), kind, method, ix.fields.map((f) => column(m, f.name)).join(",")));
  }
  for (const w of wanted) if (!actual.has(w)) problems.push(`index ${w} is missing`);
  for (const a of actual) if (!wanted.has(a)) problems.push(`index ${a} is not in the schema`);

  // Foreign keys.
  const fkRows = await sql.query<{ def: string }>(
    `SELECT c.conrelid::regclass::text || ' ' || pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = 'public'`,
  );
  const actualFks = new Set(fkRows.map((r) => normaliseFk(r.def)));
  const wantedFks = new Set<string>();
  for (const m of models.values()) {
    for (const f of m.fields) {
      if (f.kind !== "object" || !f.relationFromFields?.length) continue;
      const target = models.get(f.type)!;
      const onDelete = (f.relationOnDelete ?? (f.isRequired ? "Restrict" : "SetNull")).replace(/([a-z])([A-Z])/g, "$1 $2").toUpperCase();
      wantedFks.add(
        normaliseFk(
          `${quoteIdent(table(m))} FOREIGN KEY (${f.relationFromFields.map((x) => quoteIdent(column(m, x))).join(", ")}) ` +
            `REFERENCES ${quoteIdent(table(target))}(${f.relationToFields!.map((x) => quoteIdent(column(target, x))).join(", ")}) ` +
            `ON UPDATE CASCADE ON DELETE ${onDelete}`,
        ),
      );
    }
  }
  for (const w of wantedFks) if (!actualFks.has(w)) problems.push(`foreign key ${w} is missing`);
  for (const a of actualFks) if (!wantedFks.has(a)) problems.push(`foreign key ${a} is not in the schema`);

  // Enums.
  const enumRows = await sql.query<{ name: string; labels: string[] | string }>(
    `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' GROUP BY t.typname`,
  );
  const actualEnums = new Map(enumRows.map((r) => [r.name, parseArray(r.labels).join(",")]));
  for (const e of dmmf.datamodel.enums) {
    const name = e.dbName ?? e.name;
    const values = e.values.map((v) => v.dbName ?? v.name).join(",");
    if (actualEnums.get(name) !== values) problems.push(`enum ${name} is ${actualEnums.get(name) ?? "missing"}, schema says ${values}`);
    actualEnums.delete(name);
  }
  for (const name of actualEnums.keys()) problems.push(`enum ${name} is not in the schema`);
  return problems.sort();
}

function hasDatabaseDefault(f: DmmfField): boolean {
  if (!f.hasDefaultValue || f.isUpdatedAt) return false;
  const d = f.default as { name?: string } | undefined;
  // uuid() and cuid() are filled in by Prisma Client, not by the database.
  return !(d && typeof d === "object" && "name" in d && (d.name === "uuid" || d.name === "cuid" || d.name === "nanoid" || d.name === "ulid"));
}

const quoteIdent = (name: string) => (/^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name}"`);
const normaliseFk = (def: string) => def.replace(/"/g, "").replace(/\s+/g, " ").replace(/ ON UPDATE NO ACTION| ON DELETE NO ACTION/g, "").trim();
const parseArray = (v: string[] | string) => (Array.isArray(v) ? v : v.replace(/^{|}$/g, "").split(",").filter(Boolean));
