import { http } from '../lib/http';

export interface Product {
  id: number;
  name: string;
  description: string;
  priceCents: number;
  stock: number;
  imageUrl: string | null;
}

export interface ProductList {
  products: Product[];
  page: number;
  pageSize: number;
}

export async function fetchProducts(page = 1): Promise<ProductList> {
  const res = await http.get('/products', { params: { page } });
  return res.data as ProductList;
}

export async function fetchProduct(id: number): Promise<Product> {
  const res = await http.get(`/products/${id}`);
  return res.data.product as Product;
}
