-- TPC-H Q11, important stock identification (NATION = GERMANY; FRACTION = 0.0001 / SF = 0.01 at the demo's
-- scale factor 0.01)
select
  ps_partkey,
  sum(ps_supplycost * ps_availqty) as stock_value
from partsupp, supplier, nation
where ps_suppkey = s_suppkey
  and s_nationkey = n_nationkey
  and n_name = 'GERMANY'
group by ps_partkey
having sum(ps_supplycost * ps_availqty) > (
  select sum(ps_supplycost * ps_availqty) * 0.01
  from partsupp, supplier, nation
  where ps_suppkey = s_suppkey
    and s_nationkey = n_nationkey
    and n_name = 'GERMANY')
order by stock_value desc;
