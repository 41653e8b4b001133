/*
 * user/bin/true.c - do nothing, successfully.
 */
int main(void);

int
main(void)
{
	return 0;
}
