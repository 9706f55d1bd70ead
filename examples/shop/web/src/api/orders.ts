import { API_BASE } from '../config';
import { getToken } from '../lib/session';

export type OrderStatus = 'pending' | 'paid' | 'shipped' | 'cancelled';

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

export async function listOrders(): Promise<OrderSummary[]> {
  const token = getToken();
  const res = await fetch(`${API_BASE}/orders`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`Could not load orders (${res.status})`);
  const data = await res.json();
  return data.orders;
}

export async function getOrder(orderId: number): Promise<OrderDetail> {
  const token = getToken();
  const res = await fetch(`${API_BASE}/orders/${orderId}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`Could not load order #${orderId} (${res.status})`);
  const data = await res.json();
  return data.order;
}

export async function cancelOrder(orderId: number): Promise<OrderDetail> {
  const token = getToken();
  const res = await fetch(`${API_BASE}/orders/cancel`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ orderId }),
  });
  if (!res.ok) throw new Error(`Could not cancel order #${orderId} (${res.status})`);
  const data = await res.json();
  return data.order;
}
