-- 004: shipping notes were never shown to the warehouse; remove the column
ALTER TABLE orders DROP COLUMN shipping_note;
