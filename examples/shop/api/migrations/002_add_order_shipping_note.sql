-- 002: let customers leave a note for the courier
ALTER TABLE orders ADD COLUMN shipping_note TEXT;
