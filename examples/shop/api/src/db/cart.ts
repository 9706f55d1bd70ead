import { pool } from './pool.js';

interface CartItemRow {
  id: number;
  product_id: number;
  name: string;
  price_cents: number;
  quantity: number;
}

export interface CartItem {
  id: number;
  productId: number;
  name: string;
  priceCents: number;
  quantity: number;
}

function toCartItem(row: CartItemRow): CartItem {
  return {
    id: row.id,
    productId: row.product_id,
    name: row.name,
    priceCents: row.price_cents,
    quantity: row.quantity,
  };
}

export async function getCartItems(userId: number): Promise<CartItem[]> {
  const { rows } = await pool.query<CartItemRow>(
    'SELECT c.id, c.product_id, p.name, p.price_cents, c.quantity FROM cart_items c JOIN products p ON p.id = c.product_id WHERE c.user_id = $1 ORDER BY c.added_at',
    [userId],
  );
  return rows.map(toCartItem);
}

export async function addCartItem(userId: number, productId: number, quantity: number): Promise<CartItem> {
  await pool.query(
    'INSERT INTO cart_items (user_id, product_id, quantity) VALUES ($1, $2, $3) ON CONFLICT (user_id, product_id) DO UPDATE SET quantity = cart_items.quantity + EXCLUDED.quantity',
    [userId, productId, quantity],
  );
  const { rows } = await pool.query<CartItemRow>(
    'SELECT c.id, c.product_id, p.name, p.price_cents, c.quantity FROM cart_items c JOIN products p ON p.id = c.product_id WHERE c.user_id = $1 AND c.product_id = $2',
    [userId, productId],
  );
  return toCartItem(rows[0]);
}

export async function removeCartItem(userId: number, itemId: number): Promise<boolean> {
  const result = await pool.query('DELETE FROM cart_items WHERE id = $1 AND user_id = $2', [itemId, userId]);
  return (result.rowCount ?? 0) > 0;
}
