-- Nova's vm_state column is 255 wide; novalab's 16 could not hold shelved_offloaded (17).
ALTER TABLE instances ALTER COLUMN vm_state SET DATA TYPE VARCHAR(255);
