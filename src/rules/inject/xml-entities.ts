/**
 * XML external entities — https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html
 * libxml2 (through libxmljs / libxmljs2) substitutes entities only when asked: `noent: true` makes
 * `<!ENTITY x SYSTEM "file:///etc/passwd">` read the file into the document, and `dtdload` fetches external
 * DTDs. Node's other XML parsers (xml2js, fast-xml-parser, @xmldom/xmldom, sax) never resolve external
 * entities, so they are not judged.
 */
import { type Node, dottedName, objectProperty, unwrap } from '../../extract/ast.js';
import { dependsOn, type Extractor } from '../../extract/extractor.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { isTestFile } from '../../scan/test-files.js';
import { requestInput } from '../request-input.js';
import { type RuleMeta, addFinding } from '../rule.js';
import { moduleFunction } from './modules.js';
import { isConstant } from './tainted.js';

export const XML_ENTITIES: RuleMeta = {
  id: 'deser.xml-entities',
  severity: 'error',
  title: 'XML is parsed with external entity expansion on',
  fix: 'Drop `noent: true` (and `dtdload` / `dtdvalid`) from the parse options: libxml2 then leaves entities unexpanded and loads no external DTD. If the document needs entities, parse trusted files only.',
};

const MODULES = new Set(['libxmljs', 'libxmljs2']);
const PARSERS = /^(?:parseXml|parseXmlString|parseXmlAsync|parseHtml|parseHtmlString)$/;
// Options that make libxml2 read what an entity or DTD points at.
const EXPANDING = ['noent', 'dtdload', 'dtdvalid'];

export const xmlEntities: Extractor = {
  name: 'rules-deser-xml-entities',
  detect: (repo) => dependsOn(repo, ...MODULES),
  prefilter: (text) => text.includes('libxmljs') && /\b(?:noent|dtdload|dtdvalid)\b/.test(text),
  extract(file, facts) {
    if (isTestFile(file.path)) return;
    for (const call of file.calls) {
      const fn = moduleFunction(file, call, MODULES);
      if (!fn || !PARSERS.test(fn)) continue;
      const [data, options] = call.arguments as Node[];
      const option = EXPANDING.find((name) => isTrue(objectProperty(options, name)));
      if (!data || !option || isConstant(file, data)) continue;
      const input = requestInput(file, data);
      const what = dottedName(unwrap(call.callee)) ?? fn;
      addFinding(file, facts, XML_ENTITIES, call, {
        message: `${what}() parses ${input ? `request input (${input})` : `\`${shown(file, data)}\``} with \`${option}: true\`: an entity in the document can read files from the server or make it fetch URLs (XXE).`,
        subject: `${what}(${input ?? shown(file, data)})`,
        key: `${fn}:${option}:${input ?? shown(file, data)}`,
      });
    }
  },
};

function isTrue(node: Node | undefined): boolean {
  const value = unwrap(node);
  return value?.type === 'Literal' && value.value === true;
}

function shown(file: ParsedFile, node: Node): string {
  const text = file.text.slice(node.start, node.end).replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
