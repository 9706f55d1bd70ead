import { Router } from 'express';
import { getProductById, listProducts } from '../db/products.js';

const PAGE_SIZE = 20;

const router = Router();

router.get('/', async (req, res, next) => {
  try {
    const page = Math.max(1, Number(req.query.page) || 1);
    const products = await listProducts(PAGE_SIZE, (page - 1) * PAGE_SIZE);
    res.json({ products, page, pageSize: PAGE_SIZE });
  } catch (err) {
    next(err);
  }
});

router.get('/:id', async (req, res, next) => {
  try {
    const product = await getProductById(Number(req.params.id));
    if (!product) {
      return res.status(404).json({ error: 'Product not found' });
    }
    res.json({ product });
  } catch (err) {
    next(err);
  }
});

export default router;
