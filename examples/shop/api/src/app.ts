import express, { type NextFunction, type Request, type Response } from 'express';
import { requireAuth } from './middleware/require-auth.js';
import authRouter from './routes/auth.js';
import { createCartRouter } from './routes/cart.js';
import ordersRouter from './routes/orders.js';
import productsRouter from './routes/products.js';

const app = express();

app.use(express.json());

app.use('/api/auth', authRouter);
app.use('/api/products', productsRouter);
app.use('/api/orders', requireAuth, ordersRouter);
app.use('/api/cart', requireAuth, createCartRouter());

app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
  console.error(err);
  res.status(500).json({ error: 'Internal server error' });
});

export default app;
