import { pool } from './pool.js';

export type OrderStatus = 'pending' | 'paid' | 'shipped' | 'cancelled';

interface OrderRow {
  id: number;
  status: OrderStatus;
  total_cents: number;
  shipping_note: string | null;
  created_at: Date;
}

interface OrderItemRow {
  id: number;
  product_id: number;
  name: string;
  quantity: number;
  unit_price_cents: number;
}

export interface OrderSummary {
  id: number;
  status: OrderStatus;
  totalCents: number;
  shippingNote: string | null;
  createdAt: string;
}

export interface OrderItem {
  id: number;
  productId: number;
  name: string;
  quantity: number;
  unitPriceCents: number;
}

export interface OrderDetail extends OrderSummary {
  items: OrderItem[];
}

function toOrderSummary(row: OrderRow): OrderSummary {
  return {
    id: row.id,
    status: row.status,
    totalCents: row.total_cents,
    shippingNote: row.shipping_note,
    createdAt: row.created_at.toISOString(),
  };
}

function toOrderItem(row: OrderItemRow): OrderItem {
  return {
    id: row.id,
    productId: row.product_id,
    name: row.name,
    quantity: row.quantity,
    unitPriceCents: row.unit_price_cents,
  };
}

export async function listOrdersForUser(userId: number): Promise<OrderSummary[]> {
  const { rows } = await pool.query<OrderRow>(
    'SELECT id, status, total_cents, shipping_note, created_at FROM orders WHERE user_id = $1 ORDER BY created_at DESC',
    [userId],
  );
  return rows.map(toOrderSummary);
}

export async function getOrderForUser(userId: number, orderId: number): Promise<OrderDetail | null> {
  const { rows } = await pool.query<OrderRow>(
    'SELECT id, status, total_cents, shipping_note, created_at FROM orders WHERE id = $1 AND user_id = $2',
    [orderId, userId],
  );
  if (!rows[0]) return null;

  const items = await pool.query<OrderItemRow>(
    'SELECT oi.id, oi.product_id, p.name, oi.quantity, oi.unit_price_cents FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = $1 ORDER BY oi.id',
    [orderId],
  );
  return { ...toOrderSummary(rows[0]), items: items.rows.map(toOrderItem) };
}

export async function setOrderStatus(orderId: number, status: OrderStatus): Promise<void> {
  await pool.query(
    'UPDATE orders SET status = $1, updated_at = now(), cancelled_at = $2 WHERE id = $3',
    [status, status === 'cancelled' ? new Date() : null, orderId],
  );
}
