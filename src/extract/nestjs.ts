/**
 * NestJS controllers — https://docs.nestjs.com/controllers — and class-validator DTOs
 * (https://docs.nestjs.com/techniques/validation). The global prefix, URI versioning, global guards and the
 * ValidationPipe's `whitelist` live in other files; they are recorded as settings and applied by the linker.
 */
import {
  type Node,
  dottedName,
  middlewareName,
  objectKeys,
  objectProperty,
  stringLiteral,
  unwrap,
  walk,
} from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { FileFacts, SchemaFact } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import { objectLiteral } from './request-options.js';
import type { Value } from '../scan/value.js';

const HTTP = new Map([
  ['Get', 'GET'],
  ['Post', 'POST'],
  ['Put', 'PUT'],
  ['Patch', 'PATCH'],
  ['Delete', 'DELETE'],
  ['Head', 'HEAD'],
  ['Options', 'OPTIONS'],
  ['All', 'ANY'],
]);
const PUBLIC = /^(?:Public|IsPublic|SkipAuth|AllowAnonymous|NoAuth)$/;
const OPTIONAL = /^(?:IsOptional|ApiPropertyOptional|ValidateIf)$/;
const TYPES: Record<string, string> = {
  IsString: 'string',
  IsEmail: 'string',
  IsUUID: 'string',
  IsUrl: 'string',
  IsDateString: 'string',
  IsInt: 'number',
  IsNumber: 'number',
  IsPositive: 'number',
  IsBoolean: 'boolean',
  IsArray: 'array',
  IsObject: 'object',
};

export const nestjs: Extractor = {
  name: 'nestjs',
  detect: (repo) => dependsOn(repo, '@nestjs/core', '@nestjs/common'),
  prefilter: (text) =>
    text.includes('@Controller') ||
    text.includes('class-validator') ||
    text.includes('setGlobalPrefix') ||
    text.includes('ValidationPipe') ||
    text.includes('APP_GUARD') ||
    text.includes('useGlobalGuards') ||
    text.includes('enableVersioning') ||
    text.includes('@nestjs/swagger') ||
    text.includes('@nestjs/mapped-types') ||
    text.includes('forRoutes'),
  extract(file, facts) {
    readSettings(file, facts);
    for (const statement of file.program.body as Node[]) {
      const declaration = statement.type.startsWith('Export')
        ? (statement.declaration as Node | null)
        : statement;
      if (declaration?.type !== 'ClassDeclaration') continue;
      const controller = decorator(declaration, 'Controller');
      if (controller) readController(file, facts, declaration, controller);
      const schema = readDto(file, declaration);
      if (schema && declaration.id) facts.schemas[declaration.id.name] = schema;
    }
  },
};

function decorators(node: Node): Node[] {
  return ((node.decorators ?? []) as Node[]).map((d) => unwrap(d.expression) as Node);
}

function decoratorName(expression: Node): string | undefined {
  return dottedName(expression.type === 'CallExpression' ? expression.callee : expression);
}

function decorator(node: Node, name: string): Node | undefined {
  return decorators(node).find((d) => decoratorName(d) === name);
}

/** Guard names from `@UseGuards(JwtAuthGuard, RolesGuard)` / `@UseGuards(AuthGuard('jwt'))`. */
function guards(node: Node): string[] {
  return decorators(node)
    .filter((d) => decoratorName(d) === 'UseGuards' && d.type === 'CallExpression')
    .flatMap((d) => (d.arguments as Node[]).flatMap((arg) => middlewareName(arg) ?? []));
}

function isPublic(node: Node): boolean {
  return decorators(node).some((d) => PUBLIC.test(decoratorName(d) ?? ''));
}

function readController(file: ParsedFile, facts: FileFacts, cls: Node, controller: Node): void {
  const arg = controller.type === 'CallExpression' ? controller.arguments[0] : undefined;
  const options = objectLiteral(file, arg);
  const prefix = stringLiteral(options ? objectProperty(options, 'path') : arg) ?? '';
  const version = stringLiteral(objectProperty(options, 'version'));
  const classGuards = guards(cls);
  const classPublic = isPublic(cls);
  for (const member of (cls.body?.body ?? []) as Node[]) {
    if (member.type !== 'MethodDefinition') continue;
    for (const d of decorators(member)) {
      const method = HTTP.get(decoratorName(d) ?? '');
      if (!method) continue;
      const own = d.type === 'CallExpression' ? d.arguments[0] : undefined;
      const paths = own && unwrap(own)?.type === 'ArrayExpression' ? (unwrap(own) as Node).elements : [own];
      const methodVersion = stringLiteral(decorator(member, 'Version')?.arguments?.[0]);
      for (const pathNode of paths as (Node | undefined)[]) {
        const local = pathNode ? stringLiteral(pathNode) : '';
        if (local === undefined) continue;
        facts.routes.push({
          framework: 'nestjs',
          method,
          path: { k: 'str', v: `/${prefix}/${local}` },
          middleware: [...classGuards, ...guards(member)],
          order: member.start,
          ...readParameters(member),
          responses: returned(member),
          appSettings: 'nest',
          ...(cls.id ? { controller: cls.id.name as string } : {}),
          ...((methodVersion ?? version) ? { version: (methodVersion ?? version) as string } : {}),
          ...(classPublic || isPublic(member) ? { public: true } : {}),
          ...file.position(member.key as Node),
        });
      }
    }
  }
}

/** `@Body() dto: CreateUserDto`, `@Body('name') name`, `@Query('page') page`, `@Query() q: ListQuery`. */
function readParameters(member: Node) {
  const body: string[] = [];
  const query: string[] = [];
  let bodySchemaRef: Value | undefined;
  let querySchemaRef: Value | undefined;
  for (const param of (member.value?.params ?? []) as Node[]) {
    const target = param.type === 'TSParameterProperty' ? (param.parameter as Node) : param;
    for (const d of decorators(target)) {
      const name = decoratorName(d);
      if (name !== 'Body' && name !== 'Query') continue;
      const key = d.type === 'CallExpression' ? stringLiteral(d.arguments[0]) : undefined;
      const typeName = dottedName(target.typeAnnotation?.typeAnnotation?.typeName);
      if (name === 'Body') {
        if (key) body.push(key);
        else if (typeName) bodySchemaRef = { k: 'ref', name: typeName };
      } else if (key) query.push(key);
      else if (typeName) querySchemaRef = { k: 'ref', name: typeName };
    }
  }
  return {
    bodyFields: body,
    bodyOpen: false,
    queryFields: query,
    ...(bodySchemaRef ? { bodySchemaRef } : {}),
    ...(querySchemaRef ? { querySchemaRef } : {}),
  };
}

function returned(member: Node): { status: number | 'default'; fields?: string[] }[] {
  const httpCode = decorator(member, 'HttpCode');
  const status = httpCode?.type === 'CallExpression' ? unwrap(httpCode.arguments[0]) : undefined;
  const fallback = decorator(member, 'Post') ? 201 : 200;
  const code = status?.type === 'Literal' && typeof status.value === 'number' ? status.value : fallback;
  // Nest serialises what the method returns: an object literal's keys are the response's fields.
  let fields: string[] | undefined;
  walk(member.value.body as Node, (node) => {
    const value = node.type === 'ReturnStatement' ? unwrap(node.argument) : undefined;
    if (value?.type === 'ObjectExpression' && !fields) fields = objectKeys(value);
  });
  return [{ status: code, ...(fields ? { fields } : {}) }];
}

/** A class whose properties carry class-validator (or Swagger) decorators is a DTO. */
function readDto(file: ParsedFile, cls: Node): SchemaFact | undefined {
  const fields: SchemaFact['fields'] = [];
  let decorated = false;
  for (const member of (cls.body?.body ?? []) as Node[]) {
    if (member.type !== 'PropertyDefinition' || member.static || member.key?.type !== 'Identifier') continue;
    const names = decorators(member).flatMap((d) => decoratorName(d) ?? []);
    if (names.length > 0) decorated = true;
    const required = !member.optional && !names.some((n) => OPTIONAL.test(n));
    const type = names.map((n) => TYPES[n]).find((t) => t !== undefined);
    const values = enumValues(
      file,
      decorators(member).find((d) => decoratorName(d) === 'IsIn'),
    );
    fields.push({
      name: member.key.name,
      ...(type ? { type } : {}),
      required,
      ...(values ? { enum: values } : {}),
    });
  }
  const inherited = mappedType(cls.superClass as Node | null);
  if (!decorated && !inherited) return undefined;
  // Whether undeclared fields are stripped depends on the app's ValidationPipe: the linker decides.
  return { fields, closed: undefined, ...(inherited ? { extends: inherited } : {}) };
}

function enumValues(_file: ParsedFile, isIn: Node | undefined): string[] | undefined {
  const list = isIn?.type === 'CallExpression' ? unwrap(isIn.arguments[0]) : undefined;
  if (list?.type !== 'ArrayExpression') return undefined;
  return (list.elements as (Node | null)[]).flatMap((e) => (e ? (stringLiteral(e) ?? []) : []));
}

/** `extends PartialType(CreateUserDto)`, `OmitType(X, ['password'])`, `PickType(X, ['email'])`, or a plain base class. */
function mappedType(superClass: Node | null): SchemaFact['extends'] | undefined {
  const n = unwrap(superClass);
  if (!n) return undefined;
  if (n.type === 'Identifier') return { schema: { k: 'ref', name: n.name }, partial: false };
  if (n.type !== 'CallExpression') return undefined;
  const helper = dottedName(n.callee);
  const base = unwrap(n.arguments[0]);
  if (base?.type !== 'Identifier') return undefined;
  const keys = (node: Node | undefined) => {
    const list = unwrap(node);
    return list?.type === 'ArrayExpression'
      ? (list.elements as (Node | null)[]).flatMap((e) => (e ? (stringLiteral(e) ?? []) : []))
      : [];
  };
  const schema: Value = { k: 'ref', name: base.name };
  if (helper === 'PartialType') return { schema, partial: true };
  if (helper === 'OmitType') return { schema, partial: false, omit: keys(n.arguments[1]) };
  if (helper === 'PickType') return { schema, partial: false, pick: keys(n.arguments[1]) };
  return undefined;
}

/**
 * `consumer.apply(AuthMiddleware).forRoutes({ path: 'articles', method: RequestMethod.POST }, 'profiles/*',
 * UsersController)`: middleware bound to routes by path (relative to the global prefix), method or controller.
 */
function readMiddlewareConsumers(file: ParsedFile, facts: FileFacts): void {
  for (const call of file.calls) {
    const callee = unwrap(call.callee);
    if (callee?.type !== 'MemberExpression' || callee.property?.name !== 'forRoutes') continue;
    const apply = unwrap(callee.object);
    if (apply?.type !== 'CallExpression' || unwrap(apply.callee)?.property?.name !== 'apply') continue;
    const names = (apply.arguments as Node[]).flatMap((arg) => middlewareName(arg) ?? []);
    (call.arguments as Node[]).forEach((target, i) => {
      const options = objectLiteral(file, target);
      const path = options ? stringLiteral(objectProperty(options, 'path')) : stringLiteral(target);
      const method = options
        ? (dottedName(objectProperty(options, 'method'))?.split('.').pop() ?? 'ALL')
        : 'ALL';
      const controller = !options && path === undefined ? dottedName(target) : undefined;
      const props: Record<string, Value> = {
        names: { k: 'str', v: names.join(',') },
        method: { k: 'str', v: method },
      };
      if (path !== undefined) props.path = { k: 'str', v: path };
      if (controller) props.controller = { k: 'str', v: controller };
      facts.settings[`nest.middleware:${call.start}:${i}`] = { k: 'obj', props };
    });
  }
}

/** `app.setGlobalPrefix('api')`, `enableVersioning`, a whitelisting `ValidationPipe`, global guards. */
function readSettings(file: ParsedFile, facts: FileFacts): void {
  for (const call of file.calls) {
    const name = dottedName(call.callee) ?? '';
    if (name.endsWith('.setGlobalPrefix') && call.arguments[0])
      facts.settings['nest.globalPrefix'] = file.valueOf(call.arguments[0]);
    if (name.endsWith('.enableVersioning')) {
      const options = objectLiteral(file, call.arguments[0]);
      const type = dottedName(objectProperty(options, 'type')) ?? '';
      if (!options || type.endsWith('URI')) {
        const prefix = objectProperty(options, 'prefix');
        facts.settings['nest.versionPrefix'] = prefix ? file.valueOf(prefix) : { k: 'str', v: 'v' };
        const fallback = stringLiteral(objectProperty(options, 'defaultVersion'));
        if (fallback) facts.settings['nest.defaultVersion'] = { k: 'str', v: fallback };
      }
    }
    if (name.endsWith('.useGlobalGuards')) {
      const guard = middlewareName(
        unwrap(call.arguments[0])?.type === 'NewExpression'
          ? (unwrap(call.arguments[0]) as Node).callee
          : (call.arguments[0] as Node),
      );
      if (guard) facts.settings['nest.globalGuard'] = { k: 'str', v: guard };
    }
  }
  readMiddlewareConsumers(file, facts);
  for (const created of file.news) {
    if (dottedName(created.callee) !== 'ValidationPipe') continue;
    const options = objectLiteral(file, created.arguments[0]);
    const whitelist = unwrap(objectProperty(options, 'whitelist'));
    if (whitelist?.type === 'Literal' && whitelist.value === true)
      facts.settings['nest.whitelist'] = { k: 'str', v: 'true' };
  }
  // `{ provide: APP_GUARD, useClass: JwtAuthGuard }` in a module's providers.
  const text = file.text;
  if (text.includes('APP_GUARD')) {
    for (const match of text.matchAll(/provide:\s*APP_GUARD\s*,\s*useClass:\s*([A-Za-z_$][\w$]*)/g))
      facts.settings['nest.globalGuard'] = { k: 'str', v: match[1] as string };
  }
}
