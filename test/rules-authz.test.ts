import { describe, expect, it } from 'vitest';
import { massAssignmentNotes } from '../src/rules/authz/mass-assignment.js';
import { ownershipNotes } from '../src/rules/authz/ownership.js';
import { isPublicByDesign, returnsUserData } from '../src/rules/authz/public-routes.js';
import { analyzeFile } from '../src/scan/analyze-file.js';

/** The rules a file's notes stand for, before the repo pass joins them to routes. */
function notes(extractor: typeof ownershipNotes, code: string): string[] {
  const facts = analyzeFile('src/routes.js', code, [extractor]);
  return (facts.findings ?? []).map((f) => f.rule);
}

describe('isPublicByDesign (authz.no-auth)', () => {
  it.each([
    ['POST', '/api/auth/login'],
    ['POST', '/api/users'],
    ['POST', '/api/webhooks/stripe'],
    ['GET', '/healthz'],
    ['POST', '/api/contact'],
    ['POST', '/api/posts/{id}/views'],
    ['POST', '/graphql'],
  ])('%s %s is public by design', (method, path) => expect(isPublicByDesign(path, method)).toBe(true));

  it.each([
    ['DELETE', '/api/users/{id}'],
    ['PATCH', '/api/orders/{id}/status'],
    ['DELETE', '/api/events/{id}'],
    ['POST', '/api/orders'],
  ])('%s %s is not', (method, path) => expect(isPublicByDesign(path, method)).toBe(false));
});

describe('returnsUserData (authz.no-auth reads)', () => {
  it.each([
    '/api/me',
    '/api/orders',
    '/api/admin/stats',
    '/api/users',
    '/api/account/settings',
  ])('%s returns someone’s data', (path) => expect(returnsUserData(path)).toBe(true));
  it.each([
    '/api/products',
    '/api/posts/{slug}',
    '/api/users/{id}',
    '/api/profile/user/{id}',
  ])('%s may be public', (path) => expect(returnsUserData(path)).toBe(false));
});

const handler = (body: string) => `router.post('/x/:id', async (req, res) => {\n${body}\n});`;

describe('authz.ownership notes', () => {
  it.each([
    'await Order.findById(req.params.id);',
    'await Invoice.findByIdAndDelete(req.params.id);',
    'await prisma.order.update({ where: { id: req.params.id }, data: { status: "paid" } });',
    'await Note.findOne({ _id: req.params.id });',
    'await Task.destroy({ where: { id: Number(req.params.id) } });',
    "await db.query('DELETE FROM orders WHERE id = $1', [req.params.id]);",
    'await db.delete(orders).where(eq(orders.id, req.params.id));',
    'await Product.findByIdAndUpdate(req.params.id, { price: 1 });',
  ])('notes %s', (code) => expect(notes(ownershipNotes, handler(code))).toEqual(['note:authz.ownership']));

  it.each([
    'await Order.findOne({ _id: req.params.id, user: req.user.id });',
    'const o = await Order.findById(req.params.id); if (o.user.toString() !== req.user.id) return res.sendStatus(404);',
    'await prisma.order.update({ where: { id_userId: { id: req.params.id, userId: req.user.id } }, data: {} });',
    "await db.query('SELECT * FROM orders WHERE id = $1 AND user_id = $2', [req.params.id, req.user.id]);",
    'await Product.findById(req.params.id);',
    'await Order.findById(req.user.orderId);',
    'const o = await Order.findById(req.params.id); if (!ability.can("read", o)) return res.sendStatus(403);',
  ])('stays quiet on %s', (code) => expect(notes(ownershipNotes, handler(code))).toEqual([]));
});

describe('authz.mass-assignment notes', () => {
  it.each([
    'await User.create(req.body);',
    'await new User(req.body).save();',
    'await prisma.user.update({ where: { id: req.user.id }, data: req.body });',
    'await User.findByIdAndUpdate(req.user.id, { $set: req.body });',
    'await Article.create(req.body.article);',
    'const data = req.body; await knex("leads").insert(data);',
    'await db.insert(posts).values({ ...req.body, authorId: req.user.id });',
    'const u = await User.findByPk(req.user.id); Object.assign(u, req.body); await u.save();',
  ])('notes %s', (code) =>
    expect(notes(massAssignmentNotes, handler(code))).toEqual(['note:authz.mass-assignment']));

  it.each([
    'await User.create({ name: req.body.name });',
    'await User.create(UserInput.parse(req.body));',
    'const { error } = schema.validate(req.body); if (error) return; await User.create(req.body);',
    'const { role, ...rest } = req.body; await User.create(rest);',
    'await userService.create(req.body);',
    'await memosDAO.insert(req.body.memo);',
    'await Memo.create(req.body.text);',
    'res.json(Object.assign({}, req.body));',
    'await User.create(req.body, { fields: ["name"] });',
    'await stripe.customers.create(req.body);',
  ])('stays quiet on %s', (code) => expect(notes(massAssignmentNotes, handler(code))).toEqual([]));
});
