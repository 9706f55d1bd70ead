-- 003: track when an order last changed and when it was cancelled
ALTER TABLE orders ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now();
ALTER TABLE orders ADD COLUMN cancelled_at TIMESTAMPTZ;

CREATE INDEX orders_user_id_idx ON orders (user_id);
CREATE INDEX cart_items_user_id_idx ON cart_items (user_id);
