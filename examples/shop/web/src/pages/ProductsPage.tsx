import { useEffect, useState } from 'react';
import { fetchProducts, type ProductList } from '../api/products';
import { formatPrice } from '../lib/format';

interface Props {
  onOpen: (productId: number) => void;
}

export default function ProductsPage({ onOpen }: Props) {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<ProductList | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetchProducts(page)
      .then(setData)
      .catch((err: Error) => setError(err.message));
  }, [page]);

  if (error) return <p className="error">{error}</p>;
  if (!data) return <p>Loading products…</p>;

  return (
    <section>
      <h1>Products</h1>
      <ul className="product-grid">
        {data.products.map((product) => (
          <li key={product.id}>
            <button type="button" className="product-card" onClick={() => onOpen(product.id)}>
              {product.imageUrl && <img src={product.imageUrl} alt="" />}
              <strong>{product.name}</strong>
              <span>{formatPrice(product.priceCents)}</span>
            </button>
          </li>
        ))}
      </ul>
      <div className="pager">
        <button type="button" disabled={page === 1} onClick={() => setPage(page - 1)}>
          Previous
        </button>
        <span>Page {data.page}</span>
        <button
          type="button"
          disabled={data.products.length < data.pageSize}
          onClick={() => setPage(page + 1)}
        >
          Next
        </button>
      </div>
    </section>
  );
}
