import { pool } from './pool.js';

interface ProductRow {
  id: number;
  name: string;
  description: string;
  price_cents: number;
  stock: number;
  image_url: string | null;
}

export interface Product {
  id: number;
  name: string;
  description: string;
  priceCents: number;
  stock: number;
  imageUrl: string | null;
}

function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    priceCents: row.price_cents,
    stock: row.stock,
    imageUrl: row.image_url,
  };
}

export async function listProducts(limit: number, offset: number): Promise<Product[]> {
  const { rows } = await pool.query<ProductRow>(
    'SELECT id, name, description, price_cents, stock, image_url FROM products ORDER BY created_at DESC LIMIT $1 OFFSET $2',
    [limit, offset],
  );
  return rows.map(toProduct);
}

export async function getProductById(id: number): Promise<Product | null> {
  const { rows } = await pool.query<ProductRow>(
    'SELECT id, name, description, price_cents, stock, image_url FROM products WHERE id = $1',
    [id],
  );
  return rows[0] ? toProduct(rows[0]) : null;
}
