import { Router } from 'express';
import { addCartItem, getCartItems, removeCartItem } from '../db/cart.js';
import { getProductById } from '../db/products.js';

export function createCartRouter(): Router {
  const router = Router();

  router.get('/', async (req, res, next) => {
    try {
      const items = await getCartItems(req.userId!);
      const subtotalCents = items.reduce((sum, item) => sum + item.priceCents * item.quantity, 0);
      res.json({ items, subtotalCents });
    } catch (err) {
      next(err);
    }
  });

  router.post('/items', async (req, res, next) => {
    try {
      const { productId, quantity } = req.body;
      if (!Number.isInteger(productId) || !Number.isInteger(quantity) || quantity < 1) {
        return res.status(400).json({ error: 'productId and quantity are required' });
      }

      const product = await getProductById(productId);
      if (!product) {
        return res.status(404).json({ error: 'Product not found' });
      }
      if (product.stock < quantity) {
        return res.status(409).json({ error: 'Not enough stock' });
      }

      const item = await addCartItem(req.userId!, productId, quantity);
      res.status(201).json({ item });
    } catch (err) {
      next(err);
    }
  });

  router.delete('/items/:itemId', async (req, res, next) => {
    try {
      const removed = await removeCartItem(req.userId!, Number(req.params.itemId));
      if (!removed) {
        return res.status(404).json({ error: 'Cart item not found' });
      }
      res.status(204).end();
    } catch (err) {
      next(err);
    }
  });

  return router;
}
