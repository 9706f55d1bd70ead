import { Router } from 'express';
import { getOrderForUser, listOrdersForUser, setOrderStatus } from '../db/orders.js';

const CANCELLABLE = new Set(['pending', 'paid']);

const router = Router();

router.get('/', async (req, res, next) => {
  try {
    const orders = await listOrdersForUser(req.userId!);
    res.json({ orders });
  } catch (err) {
    next(err);
  }
});

router
  .route('/:id')
  .get(async (req, res, next) => {
    try {
      const order = await getOrderForUser(req.userId!, Number(req.params.id));
      if (!order) {
        return res.status(404).json({ error: 'Order not found' });
      }
      res.json({ order });
    } catch (err) {
      next(err);
    }
  })
  .patch(async (req, res, next) => {
    try {
      const { status } = req.body;
      if (status !== 'cancelled') {
        return res.status(400).json({ error: "Only status 'cancelled' can be set by customers" });
      }

      const orderId = Number(req.params.id);
      const order = await getOrderForUser(req.userId!, orderId);
      if (!order) {
        return res.status(404).json({ error: 'Order not found' });
      }
      if (!CANCELLABLE.has(order.status)) {
        return res.status(409).json({ error: `Order is already ${order.status}` });
      }

      await setOrderStatus(orderId, 'cancelled');
      res.json({ order: { ...order, status: 'cancelled' } });
    } catch (err) {
      next(err);
    }
  });

export default router;
