#!/usr/bin/env python3
"""Builds hub/src/test/resources/indexing-quality/schemas.json from public, Apache-2.0 schema scripts that ship in
Maven Central jars (see that folder's README.md). Usage: python3 bench/public-schemas-to-json.py DIR > schemas.json,
where DIR holds the unzipped jars' org/flowable/**/create/*.postgres.create.*.sql,
org/camunda/bpm/engine/db/create/activiti.postgres.create.*.sql, org/quartz/impl/jdbcjobstore/tables_postgres.sql
and Keycloak's META-INF/jpa-changelog-*.xml (replayed in the master changelog's order, non-db2 files only)."""
import glob, json, os, re, sys
import xml.etree.ElementTree as ET

root = sys.argv[1]


def sql_tables(path):
    text = re.sub(r'--[^\n]*', '', open(path).read())
    tables = []
    for m in re.finditer(r'create\s+table\s+([\w.]+)\s*\((.*?)\)\s*;', text, re.I | re.S):
        name, body = m.group(1), m.group(2)
        cols, depth, part = [], 0, ''
        for ch in body:  # split on top-level commas
            depth += ch == '('
            depth -= ch == ')'
            if ch == ',' and depth == 0:
                cols.append(part); part = ''
            else:
                part += ch
        cols.append(part)
        columns = []
        for c in cols:
            words = c.split()
            if not words or words[0].lower() in ('primary', 'constraint', 'unique', 'foreign', 'check'):
                continue
            columns.append({'name': words[0], 'type': re.sub(r'\s+', ' ', ' '.join(words[1:2])).lower()})
        tables.append({'name': name, 'columns': columns})
    return tables


def keycloak(dirname):
    ns = '{http://www.liquibase.org/xml/ns/dbchangelog}'
    tables = {}

    def files(f):  # the changelog files in include order, nested includes expanded
        for inc in ET.parse(os.path.join(dirname, f)).getroot().iter(ns + 'include'):
            if 'db2' not in inc.get('file'):
                yield inc.get('file')
                yield from files(inc.get('file'))

    for f in files('META-INF/jpa-changelog-master.xml'):
        for cs in ET.parse(os.path.join(dirname, f)).getroot().iter(ns + 'changeSet'):
            if cs.get('dbms') and 'postgresql' not in cs.get('dbms'):
                continue
            for el in cs:
                tag, t = el.tag.replace(ns, ''), el.get('tableName')
                if tag == 'createTable':
                    tables[t] = [{'name': c.get('name'), 'type': c.get('type').lower()} for c in el.iter(ns + 'column')]
                elif tag == 'addColumn' and t in tables:
                    tables[t] += [{'name': c.get('name'), 'type': (c.get('type') or '').lower()} for c in el.iter(ns + 'column')]
                elif tag == 'dropColumn' and t in tables:
                    gone = {el.get('columnName')} | {c.get('name') for c in el.iter(ns + 'column')}
                    tables[t] = [c for c in tables[t] if c['name'] not in gone]
                elif tag == 'renameColumn' and t in tables:
                    for c in tables[t]:
                        if c['name'] == el.get('oldColumnName'):
                            c['name'] = el.get('newColumnName')
                elif tag == 'modifyDataType' and t in tables:
                    for c in tables[t]:
                        if c['name'] == el.get('columnName'):
                            c['type'] = el.get('newDataType').lower()
                elif tag == 'dropTable':
                    tables.pop(t, None)
                elif tag == 'renameTable':
                    tables[el.get('newTableName')] = tables.pop(el.get('oldTableName'))
    return [{'name': n, 'columns': c} for n, c in tables.items()]


def sqls(pattern):
    out = []
    for path in sorted(glob.glob(os.path.join(root, pattern), recursive=True)):
        out += sql_tables(path)
    return out


datasources = [
    {'id': 'flowable', 'source': 'org.flowable:flowable-*:7.1.0 (Apache-2.0), *.postgres.create.*.sql',
     'objects': sqls('org/flowable/**/create/flowable.postgres.create.*.sql')},
    {'id': 'camunda', 'source': 'org.camunda.bpm:camunda-engine:7.22.0 (Apache-2.0), activiti.postgres.create.*.sql',
     'objects': sqls('org/camunda/bpm/engine/db/create/activiti.postgres.create.*.sql')},
    {'id': 'keycloak', 'source': 'org.keycloak:keycloak-model-jpa:26.0.7 (Apache-2.0), META-INF/jpa-changelog-*.xml',
     'objects': keycloak(root)},
    {'id': 'quartz', 'source': 'org.quartz-scheduler:quartz:2.5.2 (Apache-2.0), tables_postgres.sql',
     'objects': sqls('org/quartz/impl/jdbcjobstore/tables_postgres.sql')},
]
for d in datasources:
    d['objects'] = [o for o in d['objects'] if not o['name'].upper().startswith('DATABASECHANGELOG')]
    for o in d['objects']:  # a column added twice (a changelog re-adding it) is one column
        seen = set()
        o['columns'] = [c for c in o['columns'] if not (c['name'] in seen or seen.add(c['name']))]
json.dump({'datasources': datasources}, sys.stdout, indent=1)
print()
