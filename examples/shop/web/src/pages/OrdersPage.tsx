import { useEffect, useState } from 'react';
import { cancelOrder, getOrder, listOrders, type OrderDetail, type OrderSummary } from '../api/orders';
import { formatPrice } from '../lib/format';

export default function OrdersPage() {
  const [orders, setOrders] = useState<OrderSummary[] | null>(null);
  const [selected, setSelected] = useState<OrderDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    listOrders()
      .then(setOrders)
      .catch((err: Error) => setError(err.message));
  }, []);

  async function openOrder(orderId: number) {
    try {
      setSelected(await getOrder(orderId));
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function handleCancel(orderId: number) {
    if (!window.confirm(`Cancel order #${orderId}?`)) return;
    try {
      const updated = await cancelOrder(orderId);
      setSelected(updated);
      setOrders((prev) => prev?.map((o) => (o.id === orderId ? { ...o, status: updated.status } : o)) ?? null);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  if (error) return <p className="error">{error}</p>;
  if (!orders) return <p>Loading orders…</p>;

  return (
    <section>
      <h1>Your orders</h1>
      {orders.length === 0 && <p>No orders yet.</p>}
      <ul>
        {orders.map((order) => (
          <li key={order.id}>
            <button type="button" onClick={() => openOrder(order.id)}>
              #{order.id} · {new Date(order.createdAt).toLocaleDateString()} · {order.status} ·{' '}
              {formatPrice(order.totalCents)}
            </button>
          </li>
        ))}
      </ul>

      {selected && (
        <article className="order-detail">
          <h2>Order #{selected.id}</h2>
          <ul>
            {selected.items.map((item) => (
              <li key={item.id}>
                {item.name} × {item.quantity} — {formatPrice(item.unitPriceCents * item.quantity)}
              </li>
            ))}
          </ul>
          {selected.shippingNote && <p>Note for courier: {selected.shippingNote}</p>}
          {(selected.status === 'pending' || selected.status === 'paid') && (
            <button type="button" onClick={() => handleCancel(selected.id)}>
              Cancel order
            </button>
          )}
        </article>
      )}
    </section>
  );
}
