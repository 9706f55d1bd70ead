import { useEffect, useState } from 'react';
import { type Cart, getCart, removeCartItem } from '../api/cart';
import { formatPrice } from '../lib/format';

export default function CartPage() {
  const [cart, setCart] = useState<Cart | null>(null);
  const [error, setError] = useState<string | null>(null);

  function load() {
    getCart()
      .then(setCart)
      .catch((err: Error) => setError(err.message));
  }

  useEffect(load, []);

  async function handleRemove(itemId: number) {
    try {
      await removeCartItem(itemId);
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  if (error) return <p className="error">{error}</p>;
  if (!cart) return <p>Loading cart…</p>;
  if (cart.items.length === 0) return <p>Your cart is empty.</p>;

  return (
    <section>
      <h1>Your cart</h1>
      <table>
        <tbody>
          {cart.items.map((item) => (
            <tr key={item.id}>
              <td>{item.name}</td>
              <td>× {item.quantity}</td>
              <td>{formatPrice(item.priceCents * item.quantity)}</td>
              <td>
                <button type="button" onClick={() => handleRemove(item.id)}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Subtotal: <strong>{formatPrice(cart.subtotalCents)}</strong>
      </p>
    </section>
  );
}
