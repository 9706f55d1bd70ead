import { API_BASE } from '@/config';
import { getToken } from '@/lib/session';

export interface CartItem {
  id: number;
  productId: number;
  name: string;
  priceCents: number;
  quantity: number;
}

export interface Cart {
  items: CartItem[];
  subtotalCents: number;
}

export async function getCart(): Promise<Cart> {
  const token = getToken();
  const res = await fetch(`${API_BASE}/cart`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`Could not load cart (${res.status})`);
  return res.json();
}

export async function addToCart(productId: number, qty: number): Promise<CartItem> {
  const token = getToken();
  const res = await fetch(`${API_BASE}/cart/items`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ productId, qty }),
  });
  if (!res.ok) throw new Error(`Could not add to cart (${res.status})`);
  const data = await res.json();
  return data.item;
}

export async function removeCartItem(itemId: number): Promise<void> {
  const token = getToken();
  const res = await fetch(`${API_BASE}/cart/items/${itemId}`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`Could not remove item (${res.status})`);
}
