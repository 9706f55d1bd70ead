import { useEffect, useState } from 'react';
import { addToCart } from '../api/cart';
import { fetchProduct, type Product } from '../api/products';
import { formatPrice } from '../lib/format';

interface Props {
  productId: number;
  isLoggedIn: boolean;
  onNeedLogin: () => void;
  onBack: () => void;
}

export default function ProductPage({ productId, isLoggedIn, onNeedLogin, onBack }: Props) {
  const [product, setProduct] = useState<Product | null>(null);
  const [qty, setQty] = useState(1);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    fetchProduct(productId)
      .then(setProduct)
      .catch((err: Error) => setMessage(err.message));
  }, [productId]);

  async function handleAdd() {
    if (!isLoggedIn) {
      onNeedLogin();
      return;
    }
    try {
      await addToCart(productId, qty);
      setMessage('Added to cart');
    } catch (err) {
      setMessage((err as Error).message);
    }
  }

  if (!product) return <p>{message ?? 'Loading…'}</p>;

  return (
    <section>
      <button type="button" onClick={onBack}>
        ← Back to products
      </button>
      <h1>{product.name}</h1>
      {product.imageUrl && <img src={product.imageUrl} alt={product.name} />}
      <p>{product.description}</p>
      <p>
        <strong>{formatPrice(product.priceCents)}</strong> · {product.stock} in stock
      </p>
      <label>
        Quantity{' '}
        <input
          type="number"
          min={1}
          max={product.stock}
          value={qty}
          onChange={(e) => setQty(Math.max(1, Number(e.target.value)))}
        />
      </label>
      <button type="button" disabled={product.stock === 0} onClick={handleAdd}>
        Add to cart
      </button>
      {message && <p>{message}</p>}
    </section>
  );
}
