-- Tables, rows and indexes: the README's first session.
CREATE TABLE orders (id BIGINT PRIMARY KEY, customer VARCHAR(40) NOT NULL, total DECIMAL(10,2), placed DATE);
INSERT INTO orders VALUES (1, 'ada', 12.50, DATE '2026-11-26'), (2, 'bob', 7.25, DATE '2026-11-27');
INSERT INTO orders (id, customer) VALUES (3, 'cy');
SELECT * FROM orders ORDER BY id;
UPDATE orders SET total = total * 2 WHERE customer = 'ada';
DELETE FROM orders WHERE id = 2;
UPSERT INTO orders VALUES (3, 'cy', 1.00, DATE '2026-12-01');
UPSERT INTO orders VALUES (4, 'dee', 99.99, NULL);
SELECT * FROM orders WHERE id BETWEEN 1 AND 10 ORDER BY id LIMIT 5;
CREATE INDEX orders_customer ON orders (customer);
SELECT id, total FROM orders WHERE customer = 'dee';
SELECT customer, COUNT(*) AS n, SUM(total) AS total FROM orders GROUP BY customer ORDER BY customer;
CREATE TABLE lines (order_id BIGINT, line INTEGER, item VARCHAR(20), PRIMARY KEY (order_id, line));
INSERT INTO lines VALUES (1, 1, 'tea'), (1, 2, 'cake'), (3, 1, 'jam');
SELECT o.customer, l.line, l.item FROM orders o JOIN lines l ON l.order_id = o.id ORDER BY o.customer, l.line;
DROP INDEX orders_customer;
DROP TABLE lines;
SELECT table_name FROM sys.tables WHERE table_schem = 'PUBLIC' ORDER BY table_name;
